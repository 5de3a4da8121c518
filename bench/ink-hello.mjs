// The floor for bench/tui.mjs: the smallest Ink 6 program, with the render
// options the panel uses. It draws "hello" and stays alive until killed.
import { render, Text } from 'ink';
import React from 'react';

render(React.createElement(Text, null, 'hello'), { exitOnCtrlC: false, patchConsole: false });
setInterval(() => {}, 1 << 30);
