"""The Amplitude sink (spec section 5): the events and user properties of a stored session,
and the Beam transform that sends them with the amplitude-analytics SDK."""
