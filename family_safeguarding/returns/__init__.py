"""Statutory returns: the files a council sends to the DfE, built from the app's records.

- `cin_structure`: the Children in Need census XML's layout, as data, and a check of a file's
  shape (element order, required and unknown elements, date and flag formats) that needs only
  the standard library;
- `validator`: runs the sector's open-source DfE rule validator on a file, in a virtual
  environment of its own, and returns its errors and queries by child and rule.

The DfE's validator does not check the shape of the file, so both checks are needed before upload.
"""
