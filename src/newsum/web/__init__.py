"""newsum's web page (``newsum serve``): stories, a story with its cited summary and insight,
articles, and a summarize-now form, with a JSON API mirroring each page. Needs the ``web``
extra: ``pip install 'newsum[web]'``."""
