<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ReportTextView</name>
    <message>
        <source>The report text cannot be read: {error}</source>
        <translation>无法读取报告文本：{error}</translation>
    </message>
    <message>
        <source>Report line {line}: {text}</source>
        <translation>报告第 {line} 行：{text}</translation>
    </message>
</context>
</TS>
