"""Built-in scenarios, one per module, registered as entry points."""
