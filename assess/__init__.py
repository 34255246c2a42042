"""CTO Assess: competency rubric, scorecards and fit scoring for hiring a CTO."""

__version__ = "0.1.0"
