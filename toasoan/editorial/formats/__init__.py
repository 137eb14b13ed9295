"""Formats for the admin's other language (FORMAT_MODULE_PATH, after toasoan.formats).

The admin's date pickers write day-first dates (WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M") for
every user; an editor who switched the admin to English must have them read back day first too,
or 05/09/2020 would be saved as 9 May.
"""
