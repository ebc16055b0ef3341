"""The pipeline as a batch job on Dask: :func:`run_batch` (``newsum batch``). Needs the
``batch`` extra: ``pip install 'newsum[batch]'``."""

from .job import BatchConfig, run_batch

__all__ = ["BatchConfig", "run_batch"]
