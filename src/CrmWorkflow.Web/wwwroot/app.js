// Small helpers the Blazor components call.
window.crmWorkflow = {
    // Tablets and phones: the width at which the menu starts closed (matches app.css).
    isNarrow: () => window.matchMedia("(max-width: 1024px)").matches,
    // Tells the layout when the window crosses that width (a window resized, a tablet turned).
    watchNarrow: layout => {
        const query = window.matchMedia("(max-width: 1024px)");
        const changed = e => layout.invokeMethodAsync("NarrowChanged", e.matches);
        query.addEventListener("change", changed);
        return { dispose: () => query.removeEventListener("change", changed) };
    },
    // Scrolls to a block and puts the cursor in its first field (the block itself when it has none);
    // a field that already has the focus keeps it.
    focusField: block => {
        if (!block || block.contains(document.activeElement)) return;
        const field = ["textarea", "input:not([type=hidden])", "select", "[tabindex='0']"].map(q => block.querySelector(q)).find(f => f);
        block.scrollIntoView({ block: "nearest" });
        (field ?? block).focus({ preventScroll: true });
    },
};

// The designer canvas (FlowCanvas with Editable). The pointer is followed here, not on the
// server: boxes move by a transform and the new connection is a rubber band until the gesture
// ends; then one call tells .NET what happened and its render replaces the temporary drawing.
window.crmWorkflow.designer = (() => {
    const attached = new Map();

    // Client (screen) pixels to drawing units, through the SVG's current transformation.
    const toSvg = (svg, x, y) => {
        const p = svg.createSVGPoint();
        p.x = x; p.y = y;
        return p.matrixTransform(svg.getScreenCTM().inverse());
    };
    const numbers = d => d.match(/-?[\d.]+/g).map(Number);
    // The same shapes as FlowCanvas.Curve, so a connection does not change shape when a drag ends.
    const size = { width: 200, height: 64, rowGap: 48 };
    const curve = (ax, ay, bx, by) => {
        if (bx < ax - size.width && by > ay + size.height) {
            const gap = by - size.height / 2 - size.rowGap / 2;
            return `M ${ax} ${ay} C ${ax + 30} ${ay}, ${ax + 30} ${gap}, ${ax} ${gap} L ${bx} ${gap} C ${bx - 30} ${gap}, ${bx - 30} ${by}, ${bx} ${by}`;
        }
        const bend = Math.max(40, Math.abs(bx - ax) / 2);
        return `M ${ax} ${ay} C ${ax + bend} ${ay}, ${bx - bend} ${by}, ${bx} ${by}`;
    };
    const translate = g => numbers(g.getAttribute("transform"));

    function attach(svg, dotnet, nodeWidth, nodeHeight) {
        let gesture = null;
        Object.assign(size, { width: nodeWidth, height: nodeHeight });
        const frame = svg.parentElement;

        // The view (the svg's viewBox) changes here during gestures; .NET hears the final view
        // once (at the end of a gesture, or once the wheel has been still a moment) so its next
        // render, its zoom buttons and Fit start from what the user sees.
        let pending = null;
        // The view set here that .NET has not drawn yet, and the views already reported, as .NET
        // writes them (to 0.1). A render of an earlier report arriving after the wheel rolled on
        // would put an older view back: the observer below undoes that, and takes any other
        // view .NET draws (zoom buttons, Fit) as the new one.
        let mine = null;
        const echoes = [];
        const key = view => view.map(v => String(Math.round(v * 10) / 10)).join(" ");
        const report = view => {
            clearTimeout(pending?.timer);
            pending = null;
            echoes.push(key(view));
            if (echoes.length > 8) echoes.shift();
            dotnet.invokeMethodAsync("OnPan", ...view);
        };
        const reportLater = view => {
            clearTimeout(pending?.timer);
            pending = { view, timer: setTimeout(() => report(view), 200) };
        };
        // A press anywhere (a zoom button, Fit, the canvas) must reach .NET after the view it changes.
        const flush = () => { if (pending) report(pending.view); };
        const currentView = () => {
            const b = svg.viewBox.baseVal;
            return [b.x, b.y, b.width, b.height];
        };
        const setView = view => {
            mine = view;
            svg.setAttribute("viewBox", view.join(" "));
            const outline = frame.querySelector("[data-test=minimap-view]");
            if (!outline) return;
            ["x", "y", "width", "height"].forEach((name, i) => outline.setAttribute(name, view[i]));
        };

        // Zoom about the point under the pointer: that point stays where it is on screen.
        const wheel = e => {
            e.preventDefault();
            const delta = e.deltaY * (e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1);
            const [x, y, w, h] = currentView();
            const factor = Math.min(50000 / w, Math.max(200 / w, Math.exp(Math.max(-0.5, Math.min(0.5, delta * 0.001)))));
            const at = toSvg(svg, e.clientX, e.clientY);
            const view = [at.x - (at.x - x) * factor, at.y - (at.y - y) * factor, w * factor, h * factor];
            setView(view);
            reportLater(view);
        };

        // The minimap: a press centres the view on that point, dragging then moves the view along
        // (a press on the outlined view drags it without jumping).
        let mini = null;
        const miniDown = e => {
            const map = e.target.closest?.(".flow-minimap");
            if (!map || e.button !== 0) return;
            e.preventDefault();
            const at = toSvg(map, e.clientX, e.clientY);
            let view = currentView();
            if (!e.target.closest("[data-test=minimap-view]")) {
                view = [at.x - view[2] / 2, at.y - view[3] / 2, view[2], view[3]];
                setView(view);
            }
            map.setPointerCapture(e.pointerId);
            mini = { map, start: at, origin: view, view };
        };
        const miniMove = e => {
            if (!mini) return;
            const at = toSvg(mini.map, e.clientX, e.clientY);
            const [x, y, w, h] = mini.origin;
            mini.view = [x + at.x - mini.start.x, y + at.y - mini.start.y, w, h];
            setView(mini.view);
        };
        const miniUp = () => {
            if (!mini) return;
            const { view } = mini;
            mini = null;
            report(view);
        };

        const down = e => {
            if (e.button !== 0) return;
            const at = toSvg(svg, e.clientX, e.clientY);
            const port = e.target.closest(".flow-port-handle");
            const node = e.target.closest("g[data-id]");
            const edge = e.target.closest("path.flow-edge");
            svg.setPointerCapture(e.pointerId);
            if (port && node) {
                const band = document.createElementNS("http://www.w3.org/2000/svg", "path");
                band.setAttribute("class", "flow-rubber");
                svg.appendChild(band);
                const [nx, ny] = translate(node);
                const circle = port.querySelector("circle");
                gesture = { kind: "connect", from: node.dataset.id, port: port.dataset.port, band,
                    ax: nx + Number(circle.getAttribute("cx")), ay: ny + Number(circle.getAttribute("cy")) };
            } else if (node) {
                const ids = node.classList.contains("flow-selected")
                    ? [...svg.querySelectorAll("g.flow-selected")].map(g => g.dataset.id)
                    : e.shiftKey ? [...svg.querySelectorAll("g.flow-selected")].map(g => g.dataset.id).concat(node.dataset.id) : [node.dataset.id];
                const set = new Set(ids);
                const groups = [...svg.querySelectorAll("g[data-id]")].filter(g => set.has(g.dataset.id)).map(g => ({ g, at: translate(g) }));
                const edges = [...svg.querySelectorAll("path.flow-edge")]
                    .filter(p => set.has(p.dataset.from) || set.has(p.dataset.to))
                    .map(p => ({ p, d: p.getAttribute("d"), from: set.has(p.dataset.from), to: set.has(p.dataset.to) }));
                gesture = { kind: "move", id: node.dataset.id, shift: e.shiftKey, ids, groups, edges, start: at, dx: 0, dy: 0 };
            } else if (edge) {
                gesture = { kind: "edge", edge };
            } else {
                const box = svg.viewBox.baseVal;
                gesture = { kind: "pan", start: { x: e.clientX, y: e.clientY }, box: { x: box.x, y: box.y, w: box.width, h: box.height }, moved: false };
            }
        };

        const move = e => {
            if (!gesture) return;
            if (gesture.kind === "connect") {
                const at = toSvg(svg, e.clientX, e.clientY);
                gesture.band.setAttribute("d", curve(gesture.ax, gesture.ay, at.x, at.y));
            } else if (gesture.kind === "move") {
                const at = toSvg(svg, e.clientX, e.clientY);
                gesture.dx = at.x - gesture.start.x; gesture.dy = at.y - gesture.start.y;
                for (const { g, at: [x, y] } of gesture.groups) g.setAttribute("transform", `translate(${x + gesture.dx} ${y + gesture.dy})`);
                for (const { p, d, from, to } of gesture.edges) {
                    const n = numbers(d);
                    const [ax, ay, bx, by] = [n[0], n[1], n[n.length - 2], n[n.length - 1]];
                    p.setAttribute("d", curve(ax + (from ? gesture.dx : 0), ay + (from ? gesture.dy : 0), bx + (to ? gesture.dx : 0), by + (to ? gesture.dy : 0)));
                }
            } else if (gesture.kind === "pan") {
                const scale = gesture.box.w / svg.getBoundingClientRect().width;
                const dx = (e.clientX - gesture.start.x) * scale, dy = (e.clientY - gesture.start.y) * scale;
                if (Math.abs(dx) + Math.abs(dy) > 2) gesture.moved = true;
                gesture.view = [gesture.box.x - dx, gesture.box.y - dy, gesture.box.w, gesture.box.h];
                setView(gesture.view);
            }
        };

        const up = e => {
            const g = gesture;
            gesture = null;
            if (!g) return;
            if (g.kind === "connect") {
                g.band.remove();
                const target = document.elementFromPoint(e.clientX, e.clientY)?.closest("g[data-id]");
                if (target && target.dataset.id !== g.from) dotnet.invokeMethodAsync("OnConnect", g.from, g.port, target.dataset.id);
            } else if (g.kind === "move") {
                const restore = () => {
                    for (const { g: el, at: [x, y] } of g.groups) el.setAttribute("transform", `translate(${x} ${y})`);
                    for (const { p, d } of g.edges) p.setAttribute("d", d);
                };
                // A click is a press that barely moved: it selects instead of moving.
                const screen = Math.hypot(g.dx, g.dy) / (svg.viewBox.baseVal.width / svg.getBoundingClientRect().width);
                if (screen < 3) { restore(); dotnet.invokeMethodAsync("OnNodeClick", g.id, g.shift); }
                else dotnet.invokeMethodAsync("OnMove", g.ids, g.dx, g.dy).catch(restore);
            } else if (g.kind === "edge") {
                dotnet.invokeMethodAsync("OnEdgeClick", g.edge.dataset.from, g.edge.dataset.port, g.edge.dataset.to);
            } else if (g.kind === "pan") {
                if (g.moved) report(g.view);
                else dotnet.invokeMethodAsync("OnBackgroundClick");
            }
        };

        const over = e => { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; };
        const drop = e => {
            e.preventDefault();
            const type = e.dataTransfer.getData("application/x-crm-activity") || e.dataTransfer.getData("text/plain");
            if (!type) return;
            const at = toSvg(svg, e.clientX, e.clientY);
            dotnet.invokeMethodAsync("OnDrop", type, Math.round(at.x - nodeWidth / 2), Math.round(at.y - nodeHeight / 2));
        };

        const listeners = [
            ...Object.entries({ pointerdown: down, pointermove: move, pointerup: up, pointercancel: up, dragover: over, drop }).map(([name, fn]) => [svg, name, fn]),
            [svg, "wheel", wheel, { passive: false }],
            ...Object.entries({ pointerdown: miniDown, pointermove: miniMove, pointerup: miniUp, pointercancel: miniUp }).map(([name, fn]) => [frame, name, fn]),
            // The minimap lies over the canvas: a toolbox item dropped on it lands on the drawing beneath.
            ...Object.entries({ dragover: over, drop }).map(([name, fn]) => [frame, name, e => { if (e.target.closest?.(".flow-minimap")) fn(e); }]),
            [document, "pointerdown", flush, true],
        ];
        for (const [target, name, fn, options] of listeners) target.addEventListener(name, fn, options);
        const observer = new MutationObserver(() => {
            if (!mine) return;
            const now = svg.getAttribute("viewBox");
            if (now === mine.join(" ")) return;
            if (now !== key(mine) && echoes.includes(now)) setView(mine);
            else mine = null;
        });
        observer.observe(svg, { attributes: true, attributeFilter: ["viewBox"] });
        attached.set(svg, { listeners, observer });
    }

    function detach(svg) {
        const entry = attached.get(svg);
        if (!entry) return;
        for (const [target, name, fn, options] of entry.listeners) target.removeEventListener(name, fn, options);
        entry.observer.disconnect();
        attached.delete(svg);
    }

    // Keyboard shortcuts for the whole page, except while typing in a field.
    let keys = null;
    function listenKeys(dotnet) {
        unlistenKeys();
        keys = e => {
            const t = e.target;
            if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
            const ctrl = e.ctrlKey || e.metaKey;
            const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
            const handled = key === "Delete" || key === "Backspace" || (ctrl && ["z", "y", "c", "v"].includes(key));
            if (!handled) return;
            e.preventDefault();
            dotnet.invokeMethodAsync("OnKey", key, ctrl, e.shiftKey);
        };
        document.addEventListener("keydown", keys);
    }
    function unlistenKeys() {
        if (keys) document.removeEventListener("keydown", keys);
        keys = null;
    }

    // Closing the tab or reloading with unsaved work asks first (in-app links ask in .NET).
    let dirty = false;
    window.addEventListener("beforeunload", e => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
    const setDirty = value => { dirty = value; };

    // Toolbox items carry their activity type into the drop.
    document.addEventListener("dragstart", e => {
        const item = e.target.closest?.("[data-activity-type]");
        if (!item) return;
        e.dataTransfer.setData("application/x-crm-activity", item.dataset.activityType);
        e.dataTransfer.effectAllowed = "copy";
    });

    const copyText = text => navigator.clipboard?.writeText(text).catch(() => { });

    return { attach, detach, listenKeys, unlistenKeys, setDirty, copyText };
})();
