# Performance Monitoring panel (spec 6.1) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: performance_monitoring
  title: "Performance Monitoring"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.1. Real time: tiles cover the last 24 hours (or less, as titled) within the date range, refreshed every 5 minutes; tile notes define each figure."
  refresh: "5 minutes"
  elements:
  - name: current_calls_active
    title: "Current calls active"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.calls_completed_last_15_minutes]
    filters:
      sessions.start_time_time: "24 hours"
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Calls completed in the last 15 minutes. The warehouse receives a call only once it has ended, so calls still in progress cannot be counted; this is the closest figure it holds."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 0
    width: 6
    height: 4
  - name: average_latency_last_hour
    title: "Average latency (last hour)"
    model: voice_analytics
    explore: metrics
    type: single_value
    fields: [metrics.average_total_latency_ms]
    filters:
      metrics.timestamp_time: "60 minutes"
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    value_format: "#,##0\" ms\""
    note_state: collapsed
    note_display: hover
    note_text: "Mean caller-perceived latency (end of speech to first agent audio, ms) of agent turns in the last 60 minutes; turns the analyzer excludes (interrupted, impossible values) are left out. Alerts: 1500 ms sustained (P2), 2000 ms (P1)."
    listen:
      date_range: metrics.timestamp_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 6
    width: 6
    height: 4
  - name: error_rate
    title: "Error rate"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.error_rate]
    filters:
      sessions.start_time_time: "24 hours"
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Calls that ended with end_reason 'error' / calls, last 24 hours. Alerts: 5% (P2), 10% (P1)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 12
    width: 6
    height: 4
  - name: connection_quality_distribution
    title: "Connection quality distribution"
    model: voice_analytics
    explore: sessions
    type: looker_pie
    fields: [sessions.connection_quality, sessions.count]
    filters:
      sessions.start_time_time: "24 hours"
    sorts: [sessions.count desc]
    value_labels: legend
    label_type: labPer
    note_state: collapsed
    note_display: hover
    note_text: "Calls of the last 24 hours by the LiveKit quality level of the caller's link (excellent, good, poor, lost, unknown)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 18
    width: 6
    height: 8
  - name: p95_latency_trend
    title: "P95 latency trend"
    model: voice_analytics
    explore: metrics
    type: looker_line
    fields: [metrics.timestamp_hour, metrics.p95_total_latency_ms, metrics.p50_total_latency_ms]
    filters:
      metrics.timestamp_time: "24 hours"
    sorts: [metrics.timestamp_hour]
    x_axis_gridlines: false
    y_axis_gridlines: true
    show_view_names: false
    point_style: circle
    interpolation: linear
    fill_fields: [metrics.timestamp_hour]
    note_state: collapsed
    note_display: hover
    note_text: "95th (and 50th) percentile caller-perceived latency per hour over the last 24 hours, agent turns the analyzer excludes left out."
    listen:
      date_range: metrics.timestamp_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 0
    width: 18
    height: 8
  - name: token_usage_rate
    title: "Token usage rate"
    model: voice_analytics
    explore: metrics
    type: looker_column
    fields: [metrics.timestamp_hour, metrics.tokens_used]
    filters:
      metrics.timestamp_time: "24 hours"
    sorts: [metrics.timestamp_hour]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    fill_fields: [metrics.timestamp_hour]
    note_state: collapsed
    note_display: hover
    note_text: "LLM tokens (prompt plus completion) per hour over the last 24 hours, by the time of the agent turn. The Token Usage Spike alert watches the same figure per minute."
    listen:
      date_range: metrics.timestamp_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 12
    col: 0
    width: 12
    height: 8
  - name: cost_burn_rate
    title: "Cost burn rate"
    model: voice_analytics
    explore: sessions
    type: looker_column
    fields: [sessions.start_time_hour, sessions.cost_usd_total]
    filters:
      sessions.start_time_time: "24 hours"
    sorts: [sessions.start_time_hour]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    fill_fields: [sessions.start_time_hour]
    note_state: collapsed
    note_display: hover
    note_text: "Provider cost in US dollars per hour over the last 24 hours, by hour of call start (alert budget: 25 USD per hour)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 12
    col: 12
    width: 12
    height: 8
  filters:
  - name: date_range
    title: "Date range"
    type: field_filter
    default_value: "7 days"
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
