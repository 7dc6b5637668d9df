// Command pubsub-emulator serves Google's in-memory Pub/Sub fake (pstest) on a
// loopback port, for tests and local runs. Point clients at it with
// PUBSUB_EMULATOR_HOST=<the address printed on stdout>.
//
//	pubsub-emulator [-host 127.0.0.1] [-port 0] [-admin-port -1] [-fail Method=CODE[:N]]...
//
// When ready it prints exactly one line on stdout, `listening on HOST:PORT`
// (preceded, with -admin-port >= 0, by `admin on http://HOST:PORT`), and it
// stops on SIGTERM or SIGINT. Errors go to stderr with a non-zero exit.
//
// Error injection (RPC methods: Publish, Pull, Acknowledge, ModifyAckDeadline,
// GetTopic, GetSubscription, ... — not CreateTopic/CreateSubscription/StreamingPull):
//
//	-fail Publish=PERMISSION_DENIED      every Publish fails with that gRPC code
//	-fail Publish=UNAVAILABLE:2          the next 2 Publish calls fail, then it works again
//
// The admin HTTP endpoint (-admin-port) changes injections at run time:
//
//	POST /fail?method=Publish&code=UNAVAILABLE&times=2&message=boom   (times: default 1, -1 = until reset)
//	POST /reset                                                         clear every injection
//	GET  /healthz                                                       200 "ok"
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// methods that pstest lets a reactor intercept.
var methods = []string{
	"GetTopic", "UpdateTopic", "ListTopics", "ListTopicSubscriptions", "DeleteTopic",
	"GetSubscription", "UpdateSubscription", "ListSubscriptions", "DeleteSubscription",
	"DetachSubscription", "Publish", "Acknowledge", "ModifyAckDeadline", "Pull", "Seek",
}

type fault struct {
	code      codes.Code
	msg       string
	remaining int // < 0: until reset
}

// injector is a pstest reactor whose faults can change while the server runs.
type injector struct {
	mu     sync.Mutex
	faults map[string]*fault
}

func (in *injector) set(method string, f *fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.faults[method] = f
}

func (in *injector) reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.faults = map[string]*fault{}
}

// reactor binds the injector to one method name.
type reactor struct {
	in     *injector
	method string
}

func (r reactor) React(any) (bool, any, error) {
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	f := r.in.faults[r.method]
	if f == nil || f.remaining == 0 {
		return false, nil, nil
	}
	if f.remaining > 0 {
		f.remaining--
	}
	return true, nil, status.Error(f.code, f.msg)
}

func parseCode(s string) (codes.Code, error) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 16 {
		return codes.Code(n), nil
	}
	var c codes.Code
	if err := c.UnmarshalJSON([]byte(strconv.Quote(strings.ToUpper(s)))); err != nil || c == codes.OK {
		return 0, fmt.Errorf("unknown gRPC code %q (use a name such as UNAVAILABLE or a number 1-16)", s)
	}
	return c, nil
}

func validMethod(m string) bool {
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}

func newFault(method, code, times, msg string) (string, *fault, error) {
	if !validMethod(method) {
		return "", nil, fmt.Errorf("method %q cannot be injected; one of %s", method, strings.Join(methods, ", "))
	}
	c, err := parseCode(code)
	if err != nil {
		return "", nil, err
	}
	n := -1
	if times != "" {
		if n, err = strconv.Atoi(times); err != nil || n == 0 || n < -1 {
			return "", nil, fmt.Errorf("times %q: want a positive count or -1", times)
		}
	}
	if msg == "" {
		msg = "injected by pubsub-emulator"
	}
	return method, &fault{code: c, msg: msg, remaining: n}, nil
}

type failFlags []string

func (f *failFlags) String() string     { return strings.Join(*f, ",") }
func (f *failFlags) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "gRPC port (0 picks a free one)")
	adminPort := flag.Int("admin-port", -1, "HTTP admin port for run-time error injection (-1 off, 0 picks a free one)")
	var fails failFlags
	flag.Var(&fails, "fail", "inject an error at start: Method=CODE[:N] (repeatable)")
	flag.Parse()
	if err := run(*host, *port, *adminPort, fails); err != nil {
		fmt.Fprintln(os.Stderr, "pubsub-emulator:", err)
		os.Exit(1)
	}
}

func run(host string, port, adminPort int, fails []string) error {
	in := &injector{faults: map[string]*fault{}}
	for _, spec := range fails {
		method, rest, ok := strings.Cut(spec, "=")
		code, times, _ := strings.Cut(rest, ":")
		if !ok {
			return fmt.Errorf("-fail %q: want Method=CODE[:N]", spec)
		}
		m, f, err := newFault(method, code, times, "")
		if err != nil {
			return fmt.Errorf("-fail %q: %w", spec, err)
		}
		in.set(m, f)
	}

	// Check the port first: pstest panics when it cannot listen.
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	if l, err := net.Listen("tcp", addr); err != nil {
		return err
	} else if port != 0 {
		l.Close()
	} else {
		addr = l.Addr().String()
		l.Close()
	}
	var opts []pstest.ServerReactorOption
	for _, m := range methods {
		opts = append(opts, pstest.ServerReactorOption{FuncName: m, Reactor: reactor{in, m}})
	}
	srv := pstest.NewServerWithAddress(addr, opts...)
	defer srv.Close()

	errc := make(chan error, 1)
	if adminPort >= 0 {
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(adminPort)))
		if err != nil {
			return fmt.Errorf("admin port: %w", err)
		}
		go func() { errc <- http.Serve(l, adminHandler(in)) }()
		fmt.Printf("admin on http://%s\n", l.Addr())
	}
	fmt.Printf("listening on %s\n", srv.Addr)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("admin server: %w", err)
	}
}

func adminHandler(in *injector) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, _ *http.Request) {
		in.reset()
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("POST /fail", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		times := q.Get("times")
		if times == "" {
			times = "1"
		}
		m, f, err := newFault(q.Get("method"), q.Get("code"), times, q.Get("message"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		in.set(m, f)
		fmt.Fprintln(w, "ok")
	})
	return mux
}
