"""The entity recognisers, one module per family of names.

``stems`` (the candidate record and where a stem begins), ``places``, ``bodies``,
``programmes``, ``people``; ``candidates`` runs them all and chooses among them;
``recognized`` lays the learned recognizer's names over them. The stage that runs
them on a ``Document`` is :mod:`kg.extract_entities`.
"""
