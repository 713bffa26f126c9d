"""Edit requests, their validation and the backends that run them. No Qt here."""
