"""Alerts and notifications (spec section 7): rules over the streaming job and the warehouse,
delivery to PagerDuty, Slack and email without storms, and every alert kept in
`alerts_history`."""
