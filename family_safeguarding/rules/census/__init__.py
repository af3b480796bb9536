"""The Children in Need (CIN) census: the annual return each council in England makes to the DfE,
one XML file per council per year.

- `codes`: the census code lists and the checks that a value is one of them;
- `year`: the census year (1 April to 31 March) and which children and records it takes in;
- `episodes`: the rules a worker should hear on the form, long before the return is made, and the
  timeliness queries (45 working days for an assessment, 15 from a section 47 enquiry to the
  initial conference).

The DfE's own validation rule a check mirrors is named in its comment (e.g. "DfE 8805"), so a
failure in the return can be traced back to the form rule that should have caught it.
"""
