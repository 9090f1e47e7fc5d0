// The live benchmark's websocket clients, compiled: with Python clients, 500 sockets cost the clients two to
// three times the server's CPU on the same cores, so the clients, not Strom, set the figures.
//
// Same protocol as live_clients.py: connect `clients` sockets to the URL with the session cookie, print "ready"
// once every socket has its "start" frame, read the number of records sent from stdin, wait until every client
// has them (or 15 s), then print one JSON line: latencies (ms), received, dropped, failed, cpu_s.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

type frame struct {
	Type     string `json:"type"`
	Messages []struct {
		Value string `json:"value"`
	} `json:"messages"`
	Count  int    `json:"count"`
	Detail string `json:"detail"`
}

type watcher struct {
	latencies []float64
	received  atomic.Int64
	dropped   atomic.Int64
	failed    atomic.Pointer[string]
	conn      atomic.Pointer[websocket.Conn]
}

func (w *watcher) fail(err error, stop *atomic.Bool) {
	if !stop.Load() { // closing the socket at the end is not a failure
		message := err.Error()
		w.failed.Store(&message)
	}
}

func (w *watcher) run(url, origin, cookie string, ready *sync.WaitGroup, stop *atomic.Bool, done *sync.WaitGroup) {
	defer done.Done()
	var signal sync.Once
	defer signal.Do(ready.Done)
	header := http.Header{"Origin": {origin}, "Cookie": {"sessionid=" + cookie}}
	dialer := websocket.Dialer{HandshakeTimeout: 60 * time.Second}
	conn, _, err := dialer.Dial(url, header)
	if err != nil {
		w.fail(err, stop)
		return
	}
	w.conn.Store(conn)
	defer conn.Close()
	for {
		_, raw, err := conn.ReadMessage() // main closes the socket to end this
		if err != nil {
			w.fail(err, stop)
			return
		}
		now := float64(time.Now().UnixNano()) / 1e9
		var f frame
		if err := json.Unmarshal(raw, &f); err != nil {
			w.fail(err, stop)
			return
		}
		switch f.Type {
		case "start":
			signal.Do(ready.Done)
		case "messages":
			if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"ack"}`)); err != nil {
				w.fail(err, stop)
				return
			}
			for _, m := range f.Messages {
				var value struct {
					T float64 `json:"t"`
				}
				if err := json.Unmarshal([]byte(m.Value), &value); err == nil {
					w.latencies = append(w.latencies, (now-value.T)*1000)
				}
			}
			w.received.Add(int64(len(f.Messages)))
		case "dropped":
			w.dropped.Add(int64(f.Count))
		case "error":
			fmt.Fprintln(os.Stderr, "a client was refused:", f.Detail)
		}
	}
}

func cpuSeconds() float64 {
	var usage syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Sec+usage.Stime.Sec) + float64(usage.Utime.Usec+usage.Stime.Usec)/1e6
}

func main() {
	url, cookie := os.Args[1], os.Args[2]
	clients, _ := strconv.Atoi(os.Args[3])
	origin := strings.Replace(strings.SplitN(url, "/ws/", 2)[0], "ws://", "http://", 1)
	watchers := make([]*watcher, clients)
	var ready, done sync.WaitGroup
	var stop atomic.Bool
	for n := range watchers {
		watchers[n] = &watcher{}
		ready.Add(1)
		done.Add(1)
		go watchers[n].run(url, origin, cookie, &ready, &stop, &done)
		if (n+1)%50 == 0 { // connected in waves so the handshakes do not time out
			time.Sleep(200 * time.Millisecond)
		}
	}
	ready.Wait()
	fmt.Println("ready")
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	sent, _ := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && anyBehind(watchers, sent) {
		time.Sleep(200 * time.Millisecond)
	}
	stop.Store(true)
	for _, w := range watchers {
		if conn := w.conn.Load(); conn != nil {
			conn.Close()
		}
	}
	done.Wait()
	latencies, failed := []float64{}, []string{}
	var received, dropped int64
	for _, w := range watchers {
		latencies = append(latencies, w.latencies...)
		received += w.received.Load()
		dropped += w.dropped.Load()
		if message := w.failed.Load(); message != nil {
			failed = append(failed, *message)
		}
	}
	out, _ := json.Marshal(map[string]any{"latencies": latencies, "received": received, "dropped": dropped,
		"failed": failed, "cpu_s": cpuSeconds()})
	fmt.Println(string(out))
}

func anyBehind(watchers []*watcher, sent int64) bool {
	for _, w := range watchers {
		if w.failed.Load() == nil && w.received.Load()+w.dropped.Load() < sent {
			return true
		}
	}
	return false
}
