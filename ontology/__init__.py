"""Data package: the OWL ontology and SHACL shapes of shishi-kg (installed as ``kg.ontology``)."""
