"""The Salesforce sink (spec section 4): field mapping, owner routing, the composite API client
and the Beam transform that batches sessions through it."""
