# Call Quality panel (spec 6.3) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: call_quality
  title: "Call Quality"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.3. Figures over the date range (default: last 7 days); tile notes define each figure."
  refresh: "5 minutes"
  elements:
  - name: average_call_duration
    title: "Average call duration"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.average_duration_minutes]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    value_format: "0.0\" min\""
    note_state: collapsed
    note_display: hover
    note_text: "Mean call length in minutes."
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
  - name: average_turn_count
    title: "Average turn count"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.average_turn_count]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Mean transcript turns per call, both sides."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 6
    width: 6
    height: 4
  - name: interruption_rate
    title: "Interruption rate"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [sessions.interruption_rate]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Interruptions / turns: the share of turns cut off by the other side."
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
  - name: natural_ending_rate
    title: "Natural ending rate"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [analysis_results.natural_ending_rate]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Analysed calls that ended naturally (a goodbye, not a drop or a cut-off) / analysed calls."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 18
    width: 6
    height: 4
  - name: sentiment_distribution
    title: "Sentiment distribution"
    model: voice_analytics
    explore: sessions
    type: looker_pie
    fields: [sessions.sentiment, sessions.count]
    sorts: [sessions.count desc]
    value_labels: legend
    label_type: labPer
    note_state: collapsed
    note_display: hover
    note_text: "Calls by the caller's overall sentiment."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 0
    width: 12
    height: 8
  - name: user_satisfaction_proxy
    title: "User satisfaction proxy"
    model: voice_analytics
    explore: sessions
    type: single_value
    fields: [analysis_results.average_user_satisfaction_proxy]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Mean of the conversation quality analyzer's user satisfaction proxy (0-100)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
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
