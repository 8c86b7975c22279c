"""Effectiveness monitoring (M-1 … M-6): the sample, the impact survey, statistics, charts, the report
for the methodological council and its decision."""
