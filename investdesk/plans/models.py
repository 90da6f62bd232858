"""plans models."""
