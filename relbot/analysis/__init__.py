"""Pure computations over rows: no database, no Slack, no clock."""
