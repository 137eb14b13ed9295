"""The importer's services: plain typed functions over parsed records (see ``importing.import_records``)."""
