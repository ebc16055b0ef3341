"""Where newsum keeps a stream: articles, their stories, and each story's summary and insight.

The pipeline talks to a store through :class:`Store`; :class:`SQLiteStore`
(:mod:`.sqlite`) is the one implementation, and a server database can be another without
touching the pipeline.
"""

from __future__ import annotations

from .base import ArticleRecord, Store, StoryRecord
from .sqlite import SCHEMA_VERSION, SQLiteStore, open_store

__all__ = ["Store", "SQLiteStore", "ArticleRecord", "StoryRecord", "open_store", "SCHEMA_VERSION"]
