"""Files in, validated scorecards out: CSV (long and wide) and Greenhouse Harvest JSON."""
