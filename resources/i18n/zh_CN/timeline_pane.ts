<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TimelinePane</name>
    <message>
        <source>Show every year (Ctrl+0)</source>
        <translation>显示全部年份 (Ctrl+0)</translation>
    </message>
    <message>
        <source>Filter events (text, partner)…</source>
        <translation>筛选事件（内容、合作方）…</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All months</source>
        <translation>全部月份</translation>
    </message>
    <message>
        <source>All partners</source>
        <translation>全部合作方</translation>
    </message>
    <message>
        <source>All editions</source>
        <translation>全部版本</translation>
    </message>
    <message>
        <source>The events of one edition of the report, or of every edition</source>
        <translation>报告某一版本的事件，或全部版本的事件</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一条</translation>
    </message>
    <message>
        <source>Previous event (Ctrl+←, or ← on the axis)</source>
        <translation>上一条事件（Ctrl+←，或在时间轴上按 ←）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <source>Next event (Ctrl+→, or → on the axis)</source>
        <translation>下一条事件（Ctrl+→，或在时间轴上按 →）</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Ctrl++, + on the axis, or the mouse wheel</source>
        <translation>Ctrl++、在时间轴上按 +，或滚动鼠标滚轮</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Show the whole year (Ctrl+0)</source>
        <translation>显示全年（Ctrl+0）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The events in the list, as Excel or CSV</source>
        <translation>将列表中的事件导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation>正在加载事件…</translation>
    </message>
    <message>
        <source>Open in report</source>
        <translation>在报告中打开</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>{year} edition</source>
        <translation>{year} 年版</translation>
    </message>
    <message>
        <source>{shown} / {total} events</source>
        <translation>{shown} / {total} 条事件</translation>
    </message>
    <message>
        <source>No events match the filters</source>
        <translation>没有符合筛选条件的事件</translation>
    </message>
    <message>
        <source>No events</source>
        <translation>没有事件</translation>
    </message>
    <message>
        <source>Select an event to see it in full.</source>
        <translation>选择一条事件查看详情。</translation>
    </message>
    <message>
        <source>venue</source>
        <translation>举办地</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>涉及</translation>
    </message>
    <message>
        <source>Categories:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Partners:</source>
        <translation>合作方：</translation>
    </message>
    <message>
        <source>Section:</source>
        <translation>章节：</translation>
    </message>
    <message>
        <source>Regions:</source>
        <translation>地区：</translation>
    </message>
    <message>
        <source>report line {line}</source>
        <translation>报告第 {line} 行</translation>
    </message>
    <message>
        <source>also printed at line {lines}</source>
        <translation>又见于第 {lines} 行</translation>
    </message>
    <message>
        <source>also printed at lines {lines}</source>
        <translation>又见于第 {lines} 行</translation>
    </message>
    <message>
        <source>{region}: show its rows</source>
        <translation>{region}：在数据表中查看</translation>
    </message>
    <message>
        <source>{region}: region profile</source>
        <translation>{region}：地区概况</translation>
    </message>
    <message>
        <source>Export events</source>
        <translation>导出事件</translation>
    </message>
</context>
</TS>
