"""Local servers that speak the real HTTP APIs of the job's destinations (Salesforce,
Amplitude, ...): requests, responses, limits and failures as the real services document them.
Tests and `voice-analytics bench sinks` run the sinks against these; nothing here runs in
production."""
