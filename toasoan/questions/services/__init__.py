"""Hỏi đáp's rules as typed functions (comments' captcha, limiter, text cleaning and personal-data
command are imported, never copied).

- `deadlines`: the target answer date (working days) and "Quá hạn".
- `attachments`: what a reader's file is, read from its bytes; stored privately.
- `submit`: a reader's question, stored in one short transaction.
- `workflow`: assign, in progress, answer, publish, refuse, FAQ — permission-checked, audit-logged.
- `notify`: the e-mails to the asker (answer, refusal).
- `cache`: what a change makes stale (the list, the question's own page), after the commit.
- `public`: what readers may see (published answers, public fields only), topic filter, search.
- `pages`: the page's views (list, one question, the form).
- `queue`: the admin's queue and its filters.
- `personal_data`: retention, export and erasure, registered with the comments' command.
"""
