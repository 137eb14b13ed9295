"""The editorial desk: review workflow, publishing on the minute, story threads and content checks.

See docs/editorial.md. Rules live in `services/`; models, hooks and views are thin.
"""
