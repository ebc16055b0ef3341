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


def __getattr__(name: str):
    # Insight (quotes, conflicts, ...) is imported on first use: its rules take 0.2 s to
    # import, which a plain `newsum summarize` never needs.
    if name in ("insight", "Insight"):
        import importlib

        # `newsum.insight` is the package, and calling it is `newsum.insight.insight(...)`.
        module = importlib.import_module(".insight", __name__)
        return module if name == "insight" else module.Insight
    raise AttributeError(f"module 'newsum' has no attribute {name!r}")
