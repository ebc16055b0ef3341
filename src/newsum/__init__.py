"""newsum: faithful multi-document news summaries with citations.

    >>> import newsum
    >>> summary = newsum.summarize(documents, budget=newsum.Budget(words=100))  # doctest: +SKIP
    >>> summary.sentences[0].text, summary.sentences[0].sources  # doctest: +SKIP

The public surface is what ``__all__`` lists; everything else is internal.
"""

from ._version import __version__
from .errors import (
    BudgetTooSmall,
    ConfigError,
    EmptyCluster,
    IngestError,
    InputError,
    MalformedRecord,
    MissingDependency,
    NewsumError,
)
from .model import Budget, Cluster, Document, Span, Summary, SummarySentence
from .coverage import Insight, insight
from .summarizer import Summarizer, summarize

__all__ = [
    "__version__",
    "summarize",
    "Summarizer",
    "insight",
    "Insight",
    "Budget",
    "Document",
    "Cluster",
    "Summary",
    "SummarySentence",
    "Span",
    "NewsumError",
    "InputError",
    "IngestError",
    "MalformedRecord",
    "EmptyCluster",
    "BudgetTooSmall",
    "ConfigError",
    "MissingDependency",
]
