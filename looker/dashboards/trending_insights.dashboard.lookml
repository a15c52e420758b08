# Trending Insights panel (spec 6.6) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: trending_insights
  title: "Trending Insights"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.6. Daily trends over the date range (default: last 30 days; the daily table keeps 400 days), operational alerts and today's hot leads; tile notes define each figure."
  refresh: "5 minutes"
  elements:
  - name: calls_trend_last_7_30_days
    title: "Calls trend (last 7/30 days)"
    model: voice_analytics
    explore: daily_call_trends
    type: looker_line
    fields: [daily_call_trends.call_date, daily_call_trends.calls]
    sorts: [daily_call_trends.call_date]
    x_axis_gridlines: false
    y_axis_gridlines: true
    show_view_names: false
    point_style: circle
    interpolation: linear
    fill_fields: [daily_call_trends.call_date]
    dynamic_fields:
    - category: table_calculation
      table_calculation: calls_7_day_average
      label: "7-day average"
      expression: "mean(offset_list(${daily_call_trends.calls}, -6, 7))"
      value_format_name: decimal_1
      _kind_hint: measure
      _type_hint: number
    note_state: collapsed
    note_display: hover
    note_text: "Calls per UTC day over the date range (default: 30 days) and their 7-day moving average."
    listen:
      date_range: daily_call_trends.call_date
      qualification_tier: daily_call_trends.qualification_tier
      sentiment: daily_call_trends.sentiment
      industry: daily_call_trends.industry
      agent_version: daily_call_trends.agent_version
    row: 0
    col: 0
    width: 24
    height: 8
  - name: qualification_rate_trend
    title: "Qualification rate trend"
    model: voice_analytics
    explore: daily_call_trends
    type: looker_line
    fields: [daily_call_trends.call_date, daily_call_trends.qualification_rate]
    sorts: [daily_call_trends.call_date]
    x_axis_gridlines: false
    y_axis_gridlines: true
    show_view_names: false
    point_style: circle
    interpolation: linear
    fill_fields: [daily_call_trends.call_date]
    note_state: collapsed
    note_display: hover
    note_text: "Per UTC day: calls that reached tier_1 or tier_2 / calls."
    listen:
      date_range: daily_call_trends.call_date
      qualification_tier: daily_call_trends.qualification_tier
      sentiment: daily_call_trends.sentiment
      industry: daily_call_trends.industry
      agent_version: daily_call_trends.agent_version
    row: 8
    col: 0
    width: 12
    height: 8
  - name: meeting_booking_trend
    title: "Meeting booking trend"
    model: voice_analytics
    explore: daily_call_trends
    type: looker_column
    fields: [daily_call_trends.call_date, daily_call_trends.meetings_booked, daily_call_trends.meeting_booking_rate]
    sorts: [daily_call_trends.call_date]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    fill_fields: [daily_call_trends.call_date]
    note_state: collapsed
    note_display: hover
    note_text: "Per UTC day: meetings booked, and meetings booked / calls."
    listen:
      date_range: daily_call_trends.call_date
      qualification_tier: daily_call_trends.qualification_tier
      sentiment: daily_call_trends.sentiment
      industry: daily_call_trends.industry
      agent_version: daily_call_trends.agent_version
    row: 8
    col: 12
    width: 12
    height: 8
  - name: performance_degradation_alerts
    title: "Performance degradation alerts"
    model: voice_analytics
    explore: alerts_history
    type: looker_grid
    fields: [alerts_history.triggered_at_time, alerts_history.alert_name, alerts_history.severity, alerts_history.context_value, alerts_history.resolved_at_time, alerts_history.sent_to]
    filters:
      alerts_history.alert_type: operational
    sorts: [alerts_history.triggered_at_time desc]
    limit: 50
    show_view_names: false
    show_row_numbers: true
    table_theme: white
    size_to_fit: true
    note_state: collapsed
    note_display: hover
    note_text: "Operational alerts (agent down, error rate, latency, queue backlog, API failures, token spike, cost burn, connection quality) raised in the date range, newest first. They concern no single call, so the tier, sentiment, industry and agent version filters never hide them."
    listen:
      date_range: alerts_history.triggered_at_date
      qualification_tier: alerts_history.call_qualification_tier
      sentiment: alerts_history.call_sentiment
      industry: alerts_history.call_industry
      agent_version: alerts_history.call_agent_version
    row: 16
    col: 0
    width: 12
    height: 8
  - name: hot_leads_today
    title: "Hot leads today"
    model: voice_analytics
    explore: hot_leads_today
    type: looker_grid
    fields: [hot_leads_today.start_time_time, hot_leads_today.session_id, hot_leads_today.lead_score, hot_leads_today.qualification_tier, hot_leads_today.industry, hot_leads_today.team_size, hot_leads_today.current_tool, hot_leads_today.decision_timeline, hot_leads_today.meeting_booked]
    sorts: [hot_leads_today.lead_score desc]
    limit: 50
    show_view_names: false
    show_row_numbers: true
    table_theme: white
    size_to_fit: true
    note_state: collapsed
    note_display: hover
    note_text: "Callers who scored above 80 in a call that started today (UTC), their latest such call, best first. Names and emails are in the Hot leads today explore for users with the can_see_pii grant."
    listen:
      date_range: hot_leads_today.start_time_date
      qualification_tier: hot_leads_today.qualification_tier
      sentiment: hot_leads_today.sentiment
      industry: hot_leads_today.industry
      agent_version: hot_leads_today.agent_version
    row: 16
    col: 12
    width: 12
    height: 8
  filters:
  - name: date_range
    title: "Date range"
    type: field_filter
    default_value: "30 days"
    allow_multiple_values: true
    required: false
    ui_config: {type: relative_timeframes, display: inline}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.start_time_date
  - name: qualification_tier
    title: "Qualification tier"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.qualification_tier
  - name: sentiment
    title: Sentiment
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.sentiment
  - name: industry
    title: Industry
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.industry
  - name: agent_version
    title: "Agent version"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.agent_version
