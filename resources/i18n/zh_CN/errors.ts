<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Errors</name>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>The action did not complete; the app keeps running. You can go on working, or try the action again. If it keeps failing, copy the details and report them.</source>
        <translation>操作未完成，应用仍在运行。您可以继续工作，或重试该操作。如果一再失败，请复制详情并报告问题。</translation>
    </message>
    <message>
        <source>The details are also in the log file: {path}</source>
        <translation>详情也已写入日志文件：{path}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
</TS>
