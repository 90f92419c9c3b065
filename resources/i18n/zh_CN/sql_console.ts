<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QueryResults</name>
    <message>
        <source>Filter results (any column)…</source>
        <translation>筛选结果（任意列）…</translation>
    </message>
    <message>
        <source>Clear filters and sort</source>
        <translation>清除筛选与排序</translation>
    </message>
    <message>
        <source>Filters and sort: {list}</source>
        <translation>筛选与排序：{list}</translation>
    </message>
</context>
<context>
    <name>SqlConsole</name>
    <message>
        <source>SELECT region_zh, region_en, value FROM observations WHERE table_no = 1 AND year = 2020 …
Read-only: one SELECT (or WITH …) at a time. Ctrl+Enter runs it.</source>
        <translation>SELECT region_zh, region_en, value FROM observations WHERE table_no = 1 AND year = 2020 …
只读：每次一条 SELECT（或 WITH …）语句。按 Ctrl+Enter 运行。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the query (Ctrl+Enter)</source>
        <translation>运行查询（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Time limit: </source>
        <translation>时间限制：</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The result, filtered and sorted as shown, as Excel or CSV</source>
        <translation>将结果（按当前筛选和排序）导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Double-click a name to insert it</source>
        <translation>双击名称将其插入查询</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>数据库结构</translation>
    </message>
    <message>
        <source>Double-click to load a query into the editor</source>
        <translation>双击将查询载入编辑器</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Saved queries</source>
        <translation>已存查询</translation>
    </message>
    <message>
        <source>Cannot read the schema: {error}</source>
        <translation>无法读取数据库结构：{error}</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>Nothing to save: the editor is empty.</source>
        <translation>没有可保存的内容：编辑器是空的。</translation>
    </message>
    <message>
        <source>Save query</source>
        <translation>保存查询</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Cannot save the query: {error}</source>
        <translation>无法保存查询：{error}</translation>
    </message>
    <message>
        <source>The examples cannot be deleted.</source>
        <translation>示例查询不能删除。</translation>
    </message>
    <message>
        <source>Cannot delete the query: {error}</source>
        <translation>无法删除查询：{error}</translation>
    </message>
    <message>
        <source>Nothing to run: write a SELECT query above (the views and tables are listed on the right, examples under Saved queries).</source>
        <translation>没有可运行的内容：请在上方输入 SELECT 查询（右侧列出视图和表，“已存查询”中有示例）。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>{count} columns</source>
        <translation>{count} 列</translation>
    </message>
    <message>
        <source>{count} column</source>
        <translation>{count} 列</translation>
    </message>
    <message>
        <source>Below: the rows of the last query that ran</source>
        <translation>下方为上一次成功运行的查询结果</translation>
    </message>
    <message>
        <source>after the first row, which is shown</source>
        <translation>出错前读到的第 1 行已显示</translation>
    </message>
    <message>
        <source>after the first {count} rows, which are shown</source>
        <translation>出错前读到的前 {count} 行已显示</translation>
    </message>
    <message>
        <source>{message} ({after})</source>
        <translation>{message}（{after}）</translation>
    </message>
    <message>
        <source>Refused: the console only reads (no INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH or pragmas that change state), one statement at a time. ({detail})</source>
        <translation>查询被拒绝：控制台只能读取（不能 INSERT、UPDATE、DELETE、CREATE、DROP、ATTACH 或改变状态的 PRAGMA），每次一条语句。（{detail}）</translation>
    </message>
    <message>
        <source>Stopped: the query ran past the time limit of {seconds} s.</source>
        <translation>已停止：查询超过了 {seconds} 秒的时间限制。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>SQL error at line {line}, column {column}: {detail}</source>
        <translation>SQL 错误（第 {line} 行第 {column} 列）：{detail}</translation>
    </message>
    <message>
        <source>SQL error: {detail}</source>
        <translation>SQL 错误：{detail}</translation>
    </message>
    <message>
        <source>Export query result</source>
        <translation>导出查询结果</translation>
    </message>
    <message>
        <source>Run a query first: its result is what the script gives</source>
        <translation>请先运行查询：脚本给出的就是它的结果</translation>
    </message>
</context>
</TS>
