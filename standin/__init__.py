"""Local stand-ins for Slack and a test database, for the tests and the benchmarks; relbot's
installed package does not include them."""
