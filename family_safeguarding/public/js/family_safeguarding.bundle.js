// The app's desk script, loaded on every desk page (hooks.py, app_include_js): what several
// reports and forms share, written once.
import "./report_filters";
import "./restricted_information";
import "./overdue";
import "./background_work";
