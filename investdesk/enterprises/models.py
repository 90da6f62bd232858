"""enterprises models."""
