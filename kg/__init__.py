"""shishi-kg (实事图谱): turn Chinese government work reports into an RDF knowledge graph."""

__version__ = "0.1.0"
