"""The GitHub bot (P-6): public discussion on pull requests, proposals from issue forms, deadline issues.

The logic talks to `GitHubService` (service.py); `github.py` implements it with github3.py, and the
tests run that implementation against a local fake GitHub server over HTTP.
"""
