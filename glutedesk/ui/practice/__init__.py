"""The Practice view: what the clinic's own records say, over all clients or a period."""
