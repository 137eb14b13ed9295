"""What an app server's worker does once, at start-up."""

import gc

from toasoan.delivery import wsgi


def test_what_start_up_made_is_frozen_out_of_the_collectors_full_passes():
    # Nothing else in the project freezes: the count is the module's doing.
    assert wsgi.application is not None
    assert gc.get_freeze_count() > 10_000
