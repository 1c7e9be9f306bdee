"""Personal API tokens, managed by their owner on /account/tokens."""
