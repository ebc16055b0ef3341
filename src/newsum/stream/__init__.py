"""News streams: articles from feeds grouped into stories as they arrive (see
:mod:`.grouping`), near-duplicates found (:mod:`.duplicates`), kept in a store
(:mod:`newsum.store`)."""
