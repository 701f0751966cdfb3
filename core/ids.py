"""Row ids as the API receives them."""

MAX_ID = 2**63 - 1  # the largest primary key a database integer column holds
