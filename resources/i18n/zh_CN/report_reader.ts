<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ReportReader</name>
    <message>
        <source>Back (Alt+←)</source>
        <translation>后退（Alt+←）</translation>
    </message>
    <message>
        <source>Forward (Alt+→)</source>
        <translation>前进（Alt+→）</translation>
    </message>
    <message>
        <source>Raw lines</source>
        <translation>原始文本行</translation>
    </message>
    <message>
        <source>The text as extracted from the PDF, line by line</source>
        <translation>从 PDF 提取的原始文本，逐行显示</translation>
    </message>
    <message>
        <source>The edition of the report to read (the database holds several)</source>
        <translation>要阅读的年报版本（数据库中有多个版本）</translation>
    </message>
    <message>
        <source>{year} edition</source>
        <translation>{year} 年版</translation>
    </message>
    <message>
        <source>The rebuilt text cannot be read: {error}</source>
        <translation>无法读取重建的正文：{error}</translation>
    </message>
    <message>
        <source>Report line {line} (raw text)</source>
        <translation>报告第 {line} 行（原始文本）</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>lines {first}–{last}</source>
        <translation>第 {first}–{last} 行</translation>
    </message>
</context>
</TS>
