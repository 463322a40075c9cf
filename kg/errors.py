"""Small named exceptions. Each message says what went wrong and how to fix it.

Only the CLI turns these into exit codes and one-line messages.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error shishi-kg raises on purpose."""

    exit_code = 1


class InputError(KGError):
    """An input file or folder cannot be used."""

    exit_code = 2

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # rebuilt from its own arguments when it crosses a process or a Dask worker
        return (type(self), (self.path, self.reason))


class NoDocuments(KGError):
    """Nothing readable was found in the inputs."""

    exit_code = 2


class SkippedInputs(KGError):
    """A strict build skipped some input, so it wrote nothing."""

    exit_code = 3


class GraphNotFound(KGError):
    """A command needs a built graph that is not there."""

    exit_code = 2

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: no such graph file; build one first with `kg build data/ --out exports/`, "
            "or give the path of a built graph.ttl or store folder"
        )

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.path,))


class GraphParseError(KGError):
    """A graph file is not valid RDF in the format its extension says."""

    exit_code = 2


class QueryError(KGError):
    """A SPARQL query is malformed or refers to a missing file or question."""

    exit_code = 2


class QueryTimeout(KGError):
    """A query ran past its time limit and was stopped."""

    exit_code = 4


class StageError(KGError):
    """A pipeline stage failed or returned something that is not a Document."""

    def __init__(self, stage: str, doc_id: str, reason: str) -> None:
        super().__init__(f"stage {stage!r} failed on document {doc_id!r}: {reason}")
        self.stage = stage
        self.doc_id = doc_id
        self.reason = reason

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.stage, self.doc_id, self.reason))


class ClusterError(KGError):
    """A Dask scheduler cannot be reached or its workers run a different pipeline."""

    exit_code = 4


class ExportError(KGError):
    """An export format is unknown or the output cannot be written."""

    exit_code = 2


class GoldError(KGError):
    """A gold annotation file is malformed."""

    exit_code = 2
