"""Alert rules, their evaluation after imports and tagging runs, delivery (SMTP / outbox) and back-tests."""
