"""Pure policy rules of 宜府办函〔2014〕282号: no streamlit, no database sessions, no I/O."""
