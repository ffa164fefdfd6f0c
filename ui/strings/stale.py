"""A save refused because someone else saved the record first (every editing screen)."""
STRINGS = {
    "stale.refused": ("未保存:{who} 在您打开之后修改了此记录(现为第 {version} 版)。您填写的内容都还在表单中;"
                      "对方的修改如下,核对后再次点击保存,将以您的填写为准。",
                      "Not saved: {who} changed this record after you opened it (now version {version}). "
                      "Everything you typed is still in the form; their changes are below. Check them and save "
                      "again to keep yours."),
    "stale.gone": ("未保存:此记录已被他人删除。", "Not saved: someone else deleted this record."),
    "stale.someone": ("其他用户", "another user"),
    "stale.no_fields": ("对方的保存没有改动表单中的字段。", "Their save changed none of the fields of this form."),
    "stale.col.field": ("字段", "Field"),
    "stale.col.opened": ("您打开时", "When you opened it"),
    "stale.col.now": ("现在", "Now"),
    "stale.col.who": ("修改人", "Changed by"),
    "stale.col.when": ("修改时间(北京时间)", "Changed at (Beijing time)"),
    "stale.kept": ("您和对方都修改了:{fields}。表单中是您的填写,再次保存将覆盖对方的修改。",
                   "You both changed: {fields}. The form shows your values; saving again writes them over theirs."),
    "stale.user.tokens": ("此时间之前的登录失效(重设密码或强制下线)", "Sign-ins before this time end (password reset or signed out)"),
    "stale.empty": ("(空)", "(empty)"),
    "stale.reload": ("重新载入", "Reload"),
    "stale.reload_help": ("载入现在保存的内容(含对方的修改),放弃您尚未保存的填写。",
                          "Load what is saved now, with their changes, and drop what you have not saved."),
}
