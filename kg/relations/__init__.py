"""The relation rules, one module per family of relations.

``mentions`` (what every rule shares), ``places`` (locatedIn), ``posts`` (holdsPost),
``reports`` (reportedTo), ``programmes`` (implements), ``money`` (funded),
``problems`` (resolved, affects). The stage that runs them on a ``Document`` is
:mod:`kg.extract_relations`.
"""
