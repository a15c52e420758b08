# Business Metrics panel (spec 6.2) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: business_metrics
  title: "Business Metrics"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.2. Figures over the date range (default: today, UTC), refreshed every 5 minutes; tile notes define each figure."
  refresh: "5 minutes"
  elements:
  - name: today_s_calls
    title: "Today's calls"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.count]
    filters:
      sessions.start_time_time: today
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Calls that started today, whatever the date range."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 0
    width: 8
    height: 4
  - name: qualified_leads_tier_1
    title: "Qualified leads (Tier 1)"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.tier_1_leads]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Distinct callers (email, else participant id) with a tier_1 call in the date range, as the executive mail counts hot leads."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 8
    width: 8
    height: 4
  - name: meetings_booked
    title: "Meetings booked"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.meetings_booked]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Calls in the date range in which a sales meeting was booked successfully."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 16
    width: 8
    height: 4
  - name: average_engagement_score
    title: "Average engagement score"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.average_engagement_score]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Mean caller engagement (0-100: the lead score's behavioral component on 100) of the calls in the date range."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 0
    width: 8
    height: 4
  - name: conversion_rate
    title: "Conversion rate"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.conversion_rate]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Meetings booked / calls in the date range."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 8
    width: 8
    height: 4
  - name: revenue_pipeline_influenced
    title: "Revenue pipeline influenced"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [analysis_results.revenue_pipeline_influenced]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Annual seat revenue of qualified callers: for each distinct caller with a tier_1 or tier_2 call in the date range, the team size they last stated (1 when unknown) x 49 USD per seat per month x 12. The executive mail uses the same rule."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 16
    width: 8
    height: 4
  filters:
  - name: date_range
    title: "Date range"
    type: field_filter
    default_value: today
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
