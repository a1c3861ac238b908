"""sitegen: annotated reading pages from Chinese speeches and policy articles."""

__version__ = "0.1.0"
