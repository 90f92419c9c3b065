<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ipexplorer</source>
        <translation>关于 ipexplorer</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Citation</source>
        <translation>引用</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Province and country shapes: {credit}. Simplified and projected by tools/make_maps.py (Albers equal-area for China, Equal Earth for the world).</source>
        <translation>省级行政区与国家的边界：{credit}。由 tools/make_maps.py 简化并投影（中国用阿尔伯斯等积投影，世界用 Equal Earth 投影）。</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>许可</translation>
    </message>
    <message>
        <source>ipexplorer is free software under the MIT licence. The report&apos;s text and figures are the work of CNIPA and remain under its terms; they are included for reference and research.</source>
        <translation>ipexplorer 是以 MIT 许可发布的自由软件。报告的文字与数据为国家知识产权局的作品，适用其条款；收录于此仅供参考和研究。</translation>
    </message>
    <message>
        <source>Data and citation</source>
        <translation>数据与引用</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可</translation>
    </message>
    <message>
        <source>map geometry, shipped with ipexplorer</source>
        <translation>地图边界数据，随 ipexplorer 提供</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>依赖库</translation>
    </message>
    <message>
        <source>Copy citation</source>
        <translation>复制引用</translation>
    </message>
    <message>
        <source>An explorer for the statistics and events of the CNIPA Annual Report {years}.</source>
        <translation>国家知识产权局 {years} 年度报告统计数据与年度要事浏览器。</translation>
    </message>
    <message>
        <source>China National Intellectual Property Administration (CNIPA), Annual Report {years}, the Chinese text as extracted from its PDF.</source>
        <translation>国家知识产权局 {years} 年度报告，中文文本自其 PDF 提取。</translation>
    </message>
    <message>
        <source>An explorer for the statistics and events of the CNIPA Annual Reports.</source>
        <translation>国家知识产权局年度报告统计数据与年度要事浏览器。</translation>
    </message>
    <message>
        <source>China National Intellectual Property Administration (CNIPA), Annual Reports, the Chinese text as extracted from their PDFs.</source>
        <translation>国家知识产权局年度报告，中文文本自其 PDF 提取。</translation>
    </message>
    <message>
        <source>Every value keeps the table and report line it came from; nothing is corrected: values stay as printed, and checks only flag.</source>
        <translation>每个数值都保留其所在的表和报告行；不做任何更正：数值一律按原文，核对只作标记。</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Tables</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>Copy the selected cells (with headers)</source>
        <translation>复制选中的单元格（含表头）</translation>
    </message>
    <message>
        <source>Add a column to the sort</source>
        <translation>将一列加入排序</translation>
    </message>
    <message>
        <source>Sort by the current cell&apos;s column, ascending / descending</source>
        <translation>按当前单元格所在列排序：升序 / 降序</translation>
    </message>
    <message>
        <source>Filter the current cell&apos;s column (its value list or range)</source>
        <translation>筛选当前单元格所在列（值列表或范围）</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>年度要事</translation>
    </message>
    <message>
        <source>Previous / next event</source>
        <translation>上一条 / 下一条事件</translation>
    </message>
    <message>
        <source>Zoom in / zoom out / fit all</source>
        <translation>放大 / 缩小 / 全年</translation>
    </message>
    <message>
        <source>Previous / next event from anywhere in the pane</source>
        <translation>在窗格任意位置切换上一条 / 下一条事件</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search now; on a result, open it in the report</source>
        <translation>立即搜索；在结果上按则在报告中打开</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>报告原文</translation>
    </message>
    <message>
        <source>Back / forward through visited places</source>
        <translation>在访问过的位置间后退 / 前进</translation>
    </message>
    <message>
        <source>SQL console</source>
        <translation>SQL 查询</translation>
    </message>
    <message>
        <source>Run the query</source>
        <translation>运行查询</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Find a shortcut…</source>
        <translation>查找快捷键…</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
</TS>
