"""projects models."""
