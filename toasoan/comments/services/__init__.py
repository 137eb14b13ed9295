"""Comments' rules as plain typed functions and small action objects.

- `clock`: the one clock every rule reads (tests control it).
- `client`: the reader's IP (hashed at once) and a short user agent.
- `phone`: Vietnamese phone numbers, normalized to +84….
- `captcha`: the numeric challenge, its single-use check and the Vietnamese audio.
- `ratelimit`: per hashed IP, through Django's cache.
- `spam`: links and the moderators' blocklist.
- `submit`: a reader's comment, stored in one short transaction.
- `moderation`: approve / reject / spam / reply, one by one or in bulk, audit-logged.
- `pages`: which pages take comments and when (the page's own `comments_open(at)`).
- `cache`: purging the cached page a comment is on.
- `public`: what readers may see (approved comments, counts).
- `personal_data`: retention, export and erasure.
"""
